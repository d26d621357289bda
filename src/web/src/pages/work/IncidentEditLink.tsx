import { t } from '../../i18n';
import { Link } from '../../router';
import { can, useSession } from '../../session';

/** The way from an incident's page to its correction form, for those whose role may edit. */
export function IncidentEditLink({ id }: { id: number }) {
  const { user } = useSession();
  if (!can(user, 'incidents.write')) return null;
  return (
    <p className="incident-actions">
      <Link className="button" href={`/incidents/${id}/edit`}>
        {t('incident.edit')}
      </Link>
    </p>
  );
}
