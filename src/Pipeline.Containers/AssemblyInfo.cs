namespace Pipeline.Containers;
