namespace Pipeline.Compose;
