"""Reading photographed notices, chat screenshots and scanned PDFs (OCR) so the gate can screen them."""
