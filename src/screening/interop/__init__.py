"""Exchange with other systems' formats. Pure mapping: nothing here reads or writes the store or draws a screen."""
