"""One screen per step of the walk; modals return a value."""
