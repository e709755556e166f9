"""Live Kubernetes collection: workloads, ML custom resources, GPU Nodes and Namespaces, across
kubeconfig contexts, through the same normalizer as manifest files (scanner.normalize.kubernetes)."""
