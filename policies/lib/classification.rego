# Classification levels: an ordered scale from input.params.classification_levels
# (public < internal < confidential < restricted by default).
package mlgov.lib.classification

rank(c) := input.params.classification_levels[c]

higher(a, b) if rank(a) > rank(b)
