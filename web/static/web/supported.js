// GOV.UK Frontend styles its components for JavaScript only when <body> says it can run them.
// A file, not GOV.UK's inline snippet: the Content-Security-Policy forbids inline scripts.
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.className += " govuk-frontend-supported";
}
