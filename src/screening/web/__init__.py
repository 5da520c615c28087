"""The web form (`screening serve`): a server-rendered view over the engine, like the terminal UI; never imports Textual."""
