// The receipt page's print button (inline handlers are not allowed by the page's content security policy).
document.getElementById('print').addEventListener('click', () => window.print());
