namespace Pipeline.Verify;
