"""Pulsen: a live citizen-feedback pulse on Kafka, Faust and River."""

__version__ = "0.1.0"
