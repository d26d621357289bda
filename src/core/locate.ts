/** Resolves a coordinate to the district containing it, or the nearest one within a snapping distance. */
import { bboxOfRing, haversineKm, KM_PER_DEGREE, polygonsOf, type AreaGeometry, type BBox, type Ring } from './geometry';

export interface DistrictShape {
  pcode: string;
  name: string;
  province_pcode: string;
  geometry: AreaGeometry;
}

export interface LocateResult {
  status: 'inside' | 'nearest' | 'outside';
  /** Set for 'inside' and 'nearest'. */
  pcode?: string;
  name?: string;
  province_pcode?: string;
  /** 0 inside; otherwise the distance to the nearest district boundary (Infinity with no boundaries loaded). */
  distance_km: number;
  reason: string;
}

export interface LocatorOptions {
  /** Points this close to a district (coast, border, simplified edges) snap to it. Default 25 km. */
  maxSnapKm?: number;
}

interface PreparedPolygon {
  bbox: BBox;
  rings: Ring[];
}

interface PreparedShape {
  shape: DistrictShape;
  bbox: BBox;
  polygons: PreparedPolygon[];
}

const DEFAULT_MAX_SNAP_KM = 25;

/** Even-odd ray casting on one ring. */
function inRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inBox(lon: number, lat: number, box: BBox): boolean {
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
}

/**
 * Distances in a local equirectangular projection centred on the query point: accurate to well
 * under 1% within a few hundred km, which is all the snapping needs.
 */
class LocalPlane {
  private readonly kx: number;
  constructor(
    private readonly lat: number,
    private readonly lon: number,
  ) {
    this.kx = Math.cos((lat * Math.PI) / 180) * KM_PER_DEGREE;
  }

  x(lon: number): number {
    return (lon - this.lon) * this.kx;
  }

  y(lat: number): number {
    return (lat - this.lat) * KM_PER_DEGREE;
  }

  /** A lower bound of the distance to anything inside the box. */
  boxDistance(box: BBox): number {
    const dx = Math.max(box[0] - this.lon, 0, this.lon - box[2]) * this.kx;
    const dy = Math.max(box[1] - this.lat, 0, this.lat - box[3]) * KM_PER_DEGREE;
    return Math.hypot(dx, dy);
  }

  /** Distance from the origin to the nearest edge of the ring, with the nearest point. */
  ringDistance(ring: Ring, best: { km: number; lat: number; lon: number }): void {
    for (let i = 0; i < ring.length - 1; i++) {
      const ax = this.x(ring[i]![0]!);
      const ay = this.y(ring[i]![1]!);
      const bx = this.x(ring[i + 1]![0]!);
      const by = this.y(ring[i + 1]![1]!);
      const dx = bx - ax;
      const dy = by - ay;
      const length2 = dx * dx + dy * dy;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
      const px = ax + t * dx;
      const py = ay + t * dy;
      const km = Math.hypot(px, py);
      if (km < best.km) {
        best.km = km;
        best.lon = this.lon + px / this.kx;
        best.lat = this.lat + py / KM_PER_DEGREE;
      }
    }
  }
}

function roundKm(km: number): number {
  return Math.round(km * 100) / 100;
}

export class DistrictLocator {
  private readonly shapes: PreparedShape[];
  private readonly maxSnapKm: number;

  constructor(shapes: DistrictShape[], opts: LocatorOptions = {}) {
    this.maxSnapKm = opts.maxSnapKm ?? DEFAULT_MAX_SNAP_KM;
    this.shapes = shapes.map((shape) => {
      const polygons = polygonsOf(shape.geometry).map((rings) => ({ bbox: bboxOfRing(rings[0]!), rings }));
      const bbox: BBox = [Infinity, Infinity, -Infinity, -Infinity];
      for (const p of polygons) {
        bbox[0] = Math.min(bbox[0], p.bbox[0]);
        bbox[1] = Math.min(bbox[1], p.bbox[1]);
        bbox[2] = Math.max(bbox[2], p.bbox[2]);
        bbox[3] = Math.max(bbox[3], p.bbox[3]);
      }
      return { shape, bbox, polygons };
    });
  }

  /** @throws RangeError when the coordinate is not a finite latitude/longitude. */
  locate(lat: number, lon: number): LocateResult {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw new RangeError(`not a coordinate: lat ${lat}, lon ${lon}`);
    }
    for (const { shape, bbox, polygons } of this.shapes) {
      if (!inBox(lon, lat, bbox)) continue;
      for (const polygon of polygons) {
        if (!inBox(lon, lat, polygon.bbox)) continue;
        const [outer, ...holes] = polygon.rings;
        if (inRing(lon, lat, outer!) && !holes.some((hole) => inRing(lon, lat, hole))) {
          return {
            status: 'inside',
            pcode: shape.pcode,
            name: shape.name,
            province_pcode: shape.province_pcode,
            distance_km: 0,
            reason: `inside ${shape.name} (${shape.pcode})`,
          };
        }
      }
    }

    const nearest = this.nearest(lat, lon);
    if (!nearest) return { status: 'outside', distance_km: Infinity, reason: 'no district boundaries loaded' };
    const { shape, km } = nearest;
    const distance = roundKm(km);
    if (km <= this.maxSnapKm) {
      return {
        status: 'nearest',
        pcode: shape.pcode,
        name: shape.name,
        province_pcode: shape.province_pcode,
        distance_km: distance,
        reason: `not inside any district; ${distance} km from ${shape.name} (${shape.pcode}), within the ${this.maxSnapKm} km snapping distance`,
      };
    }
    return {
      status: 'outside',
      distance_km: distance,
      reason: `outside Pakistan: ${Math.round(km)} km from the nearest district (${shape.name}), beyond the ${this.maxSnapKm} km snapping distance`,
    };
  }

  private nearest(lat: number, lon: number): { shape: DistrictShape; km: number } | undefined {
    const plane = new LocalPlane(lat, lon);
    const order = this.shapes
      .map((prepared) => ({ prepared, bound: plane.boxDistance(prepared.bbox) }))
      .sort((a, b) => a.bound - b.bound);
    let best: { shape: DistrictShape; km: number; lat: number; lon: number } | undefined;
    for (const { prepared, bound } of order) {
      if (best && bound >= best.km) break;
      const probe = { km: best?.km ?? Infinity, lat: 0, lon: 0 };
      for (const polygon of prepared.polygons) {
        if (plane.boxDistance(polygon.bbox) >= probe.km) continue;
        for (const ring of polygon.rings) plane.ringDistance(ring, probe);
      }
      if (!best || probe.km < best.km) best = { shape: prepared.shape, ...probe };
    }
    if (!best) return undefined;
    // Report the great-circle distance to the nearest boundary point found in the plane.
    return { shape: best.shape, km: haversineKm(lat, lon, best.lat, best.lon) };
  }
}
