"""Live Google Cloud collection: Vertex AI (Model Registry, endpoints, training) and Workbench."""
