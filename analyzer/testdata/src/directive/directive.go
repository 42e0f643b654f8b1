package directive
