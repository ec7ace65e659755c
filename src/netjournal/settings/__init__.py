"""Where netj reads its settings: the environment and command-line options
(:mod:`.env`) and the user's own settings file (:mod:`.user`)."""
