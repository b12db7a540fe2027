"""Small reusable widgets: paste-cleaning text fields, the amount field, the preview, a throttle, the report list,
and the message boxes (``dialogs``). Import each from its own module: this package imports nothing, so that
using one widget never loads the others (start-up time)."""
