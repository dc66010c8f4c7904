// The URL a person opens for an Ingress route from the host: kind publishes the ingress controller's ports on
// 127.0.0.1 (wright.ingress.httpPort / httpsPort), and *.localhost names resolve to 127.0.0.1.
import type { IngressRouteInfo } from './clusterSnapshot';

export interface IngressPorts {
  readonly httpPort: number;
  readonly httpsPort: number;
}

export function ingressUrl(route: IngressRouteInfo, ports: IngressPorts): string {
  const scheme = route.tls ? 'https' : 'http';
  const port = route.tls ? ports.httpsPort : ports.httpPort;
  const defaultPort = route.tls ? 443 : 80;
  const portPart = port === defaultPort ? '' : `:${port}`;
  // Regex-style paths (ingress-nginx's use-regex) cannot be opened as such: keep the literal prefix before them.
  const literal = route.path.split(/[(*[]/)[0] ?? '/';
  const path = literal.startsWith('/') ? literal : `/${literal}`;
  return `${scheme}://${route.host}${portPart}${path}`;
}
