namespace Pipeline.Verify.Tests;
