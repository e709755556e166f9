# Real services (OPA, kube-apiserver, moto, MLflow, Chromium) as session fixtures, started lazily.
pytest_plugins = ["tests.services.fixtures"]
