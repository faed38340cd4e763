namespace Pipeline.Build.Tests;
