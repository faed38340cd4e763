global using Pipeline.BaseImages;
global using Pipeline.Testing;
