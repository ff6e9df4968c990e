// Keeps an import job's progress bar current: asks the portal for the job every second and, once every row has
// settled, reloads the page so that the server lists the rows' errors. Without JavaScript the page has a link to
// reload it instead.
const section = document.getElementById('import-job');
const bar = document.getElementById('import-progress');
const status = document.getElementById('import-status');

const fill = (template, values) => template.replace(/\{(\d+)\}/g, (_, i) => String(values[Number(i)]));

async function poll() {
  let job;
  try {
    const response = await fetch(section.dataset.progressUrl, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    job = await response.json();
  } catch (unreachable) {
    setTimeout(poll, 3000); // the page keeps what it showed; the job goes on at the gateway
    return;
  }
  bar.value = job.percent;
  bar.textContent = `${job.percent}%`;
  section.dataset.state = job.state;
  if (job.state === 'COMPLETED') {
    status.textContent = fill(status.dataset.completed, [job.rowsDone, job.rowsFailed, job.rowsTotal]);
    window.location.reload();
    return;
  }
  status.textContent = fill(status.dataset.running, [job.percent, job.rowsDone, job.rowsFailed, job.rowsTotal]);
  setTimeout(poll, 1000);
}

setTimeout(poll, 500);
