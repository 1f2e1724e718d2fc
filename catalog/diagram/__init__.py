"""Diagrams for audits: draw a `FlowGraph` as Graphviz DOT (→ SVG/PNG/PDF) or Mermaid.

`layout.build_scene` decides what to draw (clusters, labels, collapsing, engine); `dot` and `mermaid`
write it; `render` makes files; `source` gets the graph from the store. Only the standard library is
imported here: images come from Graphviz's `dot` binary.
"""
