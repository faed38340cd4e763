namespace Pipeline.Build;
