namespace Pipeline.Python;
