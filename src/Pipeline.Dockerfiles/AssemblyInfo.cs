namespace Pipeline.Dockerfiles;
