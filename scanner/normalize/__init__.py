"""Raw objects (Kubernetes manifests and API objects, Terraform plans) -> ``Asset``.

Normalizers pick the fields they need from the raw object (an allow-list); they never copy a
subtree, so Secret data, ConfigMap data, container env values, args and commands cannot leak
into the inventory by accident.
"""
