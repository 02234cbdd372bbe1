import t from 'tap';
import { parseForwardSpec, type ForwardSpec } from '../../lib/request/forward-spec.js';
import { listeningHostPorts, parseSsListeners, ssListenArgs } from '../../lib/observe/listening-ports.js';

t.test('ssListenArgs: one kernel-side filter for the ports, each once, in order', async (t) => {
  t.same(ssListenArgs([8025, 22, 8025]), ['-H', '-n', '-l', '-t', '-u', '( sport = :22 or sport = :8025 )']);
  t.same(ssListenArgs([53]), ['-H', '-n', '-l', '-t', '-u', '( sport = :53 )']);
});

t.test('parseSsListeners: protocol and local port of every listener, IPv4 and IPv6', async (t) => {
  const out = [
    'udp   UNCONN 0      0         127.0.0.53%lo:53         0.0.0.0:*',
    'udp   UNCONN 0      0                  [::]:5353          [::]:*',
    'tcp   LISTEN 0      128             0.0.0.0:22         0.0.0.0:*',
    'tcp   LISTEN 0      4096               [::]:8025          [::]:*',
    'tcp   LISTEN 0      4096                  *:9000             *:*',
    'tcp   LISTEN 0      4096    [fe80::1]%eth0:7000             *:*',
    'garbage',
    'sctp  LISTEN 0      4096            0.0.0.0:99          0.0.0.0:*',
    '',
  ].join('\n');
  t.same([...parseSsListeners(out)].sort(), ['tcp:22', 'tcp:7000', 'tcp:8025', 'tcp:9000', 'udp:53', 'udp:5353']);
  t.same([...parseSsListeners('')], [], 'no listener');
});

t.test('listeningHostPorts: no forwards, no call; a failing ss is an error, never "free"', async (t) => {
  t.same([...(await listeningHostPorts([], '/nonexistent/ss'))], [], 'nothing to ask');
  const f = [parseForwardSpec('tcp:8025:25') as ForwardSpec];
  await t.rejects(
    listeningHostPorts(f, 'false'),
    /cannot tell whether host sockets use the forwarded ports: ss exited 1/,
  );
});
