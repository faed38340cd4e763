namespace Pipeline.Containers.Tests;
