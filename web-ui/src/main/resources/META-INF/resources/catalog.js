// Lists the catalog from the public REST API. Text goes in through textContent only, never as HTML.
(async function () {
  const status = document.getElementById('status');
  const list = document.getElementById('catalog');
  try {
    const response = await fetch('/api/v1/appliances', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error('the API answered ' + response.status);
    const appliances = await response.json();
    status.textContent = appliances.length + ' appliance(s)';
    for (const a of appliances) {
      const item = document.createElement('li');
      const title = document.createElement('h3');
      title.textContent = a.name;
      const summary = document.createElement('p');
      summary.textContent = a.summary;
      const meta = document.createElement('p');
      meta.className = 'meta';
      meta.textContent = 'by ' + a.publisher + ' · latest ' + (a.latestVersion || 'unpublished');
      item.append(title, summary, meta);
      list.append(item);
    }
  } catch (e) {
    status.textContent = 'Could not load the catalog: ' + e.message;
  }
})();
