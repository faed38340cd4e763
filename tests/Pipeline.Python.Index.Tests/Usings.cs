namespace Pipeline.Python.Index.Tests;
