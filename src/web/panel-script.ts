// The panel's one script, an enhancement only: every page works without it. It turns on the
// "Copy rule" button of the query tester (the clipboard needs script).
export const PANEL_SCRIPT = `
for (const button of document.querySelectorAll('button[data-copy]')) {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(source.value).then(() => { button.textContent = 'Copied'; });
  });
}
`;
