namespace Pipeline.BaseImages;
