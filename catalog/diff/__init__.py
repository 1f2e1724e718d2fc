"""Two states of the inventory compared: records field by field, and their lineage from the resolved model."""
