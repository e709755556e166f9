"""Live AWS collection: SageMaker, Bedrock and accelerator EC2, across accounts and regions."""
