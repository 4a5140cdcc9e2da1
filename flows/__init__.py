"""Prefect flows: the pipeline's shape only; every step's logic lives in warehouse/."""
