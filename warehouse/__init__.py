"""iip-warehouse: Vietnam's Index of Industrial Production, from release files to a checked DuckDB warehouse."""

__version__ = "0.1.0"
