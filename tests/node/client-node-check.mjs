// Drives @kubernetes/client-node 2.x against an API server and prints what it saw as one JSON object.
// Usage: node client-node-check.mjs <kubeconfig> <namespace>
// The namespace must exist. The script creates, lists, watches, patches, replaces and deletes objects in it.
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';

const [kubeconfigPath, namespace] = process.argv.slice(2);
if (!kubeconfigPath || !namespace) {
  console.error('usage: node client-node-check.mjs <kubeconfig> <namespace>');
  process.exit(2);
}

const kc = new KubeConfig();
kc.loadFromFile(kubeconfigPath);
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);
const result = { events: [] };

const configMap = (name, value) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels: { suite: 'client-node' } },
  data: { key: value },
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(predicate, what) {
  for (let i = 0; i < 100; i++) {
    if (predicate()) {
      return;
    }
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function errorOf(action) {
  try {
    await action();
    return null;
  } catch (e) {
    const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    return { code: e.code, reason: body?.reason, message: body?.message };
  }
}

async function main() {
  // Watch first, so every later change shows up as an event.
  const watch = new Watch(kc);
  let watchDone = null;
  const controller = await watch.watch(
    `/api/v1/namespaces/${namespace}/configmaps`,
    { allowWatchBookmarks: true },
    (type, obj) => {
      if (type !== 'BOOKMARK') {
        result.events.push({ type, name: obj?.metadata?.name, key: obj?.data?.key ?? null });
      }
    },
    (err) => {
      watchDone = err ? String(err) : 'closed';
    },
  );

  const created = await core.createNamespacedConfigMap({ namespace, body: configMap('alpha', 'one') });
  await core.createNamespacedConfigMap({ namespace, body: configMap('beta', 'one') });
  result.created = { name: created.metadata.name, uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion };

  const listed = await core.listNamespacedConfigMap({ namespace, labelSelector: 'suite=client-node' });
  result.listNamespaced = listed.items.map((i) => i.metadata.name).sort();
  const all = await core.listConfigMapForAllNamespaces({ labelSelector: 'suite=client-node' });
  result.listAllNamespaces = all.items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`).sort();

  const merged = await core.patchNamespacedConfigMap(
    { name: 'alpha', namespace, body: { data: { key: 'two', extra: 'x' } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  result.mergePatched = merged.data;

  const jsonPatched = await core.patchNamespacedConfigMap(
    { name: 'alpha', namespace, body: [{ op: 'remove', path: '/data/extra' }] },
    setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
  );
  result.jsonPatched = jsonPatched.data;

  const current = await core.readNamespacedConfigMap({ name: 'alpha', namespace });
  current.data.key = 'three';
  const replaced = await core.replaceNamespacedConfigMap({ name: 'alpha', namespace, body: current });
  result.replaced = { key: replaced.data.key, resourceVersionChanged: replaced.metadata.resourceVersion !== current.metadata.resourceVersion };

  // A stale resourceVersion on replace is a 409 Conflict.
  current.data.key = 'stale';
  result.staleReplace = await errorOf(() => core.replaceNamespacedConfigMap({ name: 'alpha', namespace, body: current }));
  result.readMissing = await errorOf(() => core.readNamespacedConfigMap({ name: 'missing', namespace }));

  // Strategic merge patch merges a Deployment's containers by name.
  await apps.createNamespacedDeployment({
    namespace,
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'app', image: 'app:1' }, { name: 'sidecar', image: 'sidecar:1' }] },
        },
      },
    },
  });
  const strategic = await apps.patchNamespacedDeployment(
    { name: 'web', namespace, body: { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'sidecar:2' }] } } } } },
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
  );
  result.strategicContainers = strategic.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`);

  const deleted = await core.deleteNamespacedConfigMap({ name: 'alpha', namespace });
  result.deleted = { kind: deleted.kind, status: deleted.status ?? null };
  const afterDelete = await core.listNamespacedConfigMap({ namespace, labelSelector: 'suite=client-node' });
  result.listAfterDelete = afterDelete.items.map((i) => i.metadata.name).sort();

  await waitFor(() => result.events.some((e) => e.type === 'DELETED' && e.name === 'alpha'), 'the DELETED event');
  controller.abort();
  result.watchEndedWithError = watchDone !== null && watchDone !== 'closed' && !/abort/i.test(watchDone);
}

main().then(
  () => {
    console.log(JSON.stringify(result));
  },
  (e) => {
    console.error(e?.stack ?? String(e));
    console.log(JSON.stringify({ ...result, failure: String(e?.message ?? e) }));
    process.exit(1);
  },
);
