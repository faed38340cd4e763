namespace Pipeline.Python.Index;
