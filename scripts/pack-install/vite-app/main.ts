// A consumer's entry: the element from its subpath, typed through querySelector.
import '@earshot/web/element';

const transcriber = document.querySelector('earshot-transcriber');
transcriber?.addEventListener('final', (event) => {
  const line = document.createElement('p');
  line.textContent = event.detail.transcript;
  document.querySelector('main')?.append(line);
});
