"""The main window: a shell of actions, menus and status over the edit session and the report tabs."""
