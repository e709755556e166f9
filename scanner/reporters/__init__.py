"""Report formats: one module per format behind a lazy registry; reporters see only ScanResult."""
