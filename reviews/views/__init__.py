"""Portal pages of the reviews app: views parse input, call one service or selector, render."""
