"""MLflow model registry collector (`mlgov scan --source mlflow`); needs the `mlgov[mlflow]` extra."""
