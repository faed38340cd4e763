namespace Pipeline.Dockerfiles.Tests;
