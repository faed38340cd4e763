namespace Pipeline.BaseImages.Tests;
