"""Live Azure Machine Learning collection: subscriptions x workspaces, and registries."""
