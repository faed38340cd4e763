namespace Pipeline.Python.Tests;
