import type { ReactNode } from 'react';
import { t, tParts, type MessageKey } from '../i18n';
import { usePageTitle } from '../pageTitle';
import { Link } from '../router';

function Section({ id, title, children }: { id: string; title: MessageKey; children: ReactNode }) {
  return (
    <section className="method" aria-labelledby={id}>
      <h2 id={id}>{t(title)}</h2>
      {children}
    </section>
  );
}

/** The short version of docs/METHODOLOGY.md: what is computed today, in the reader's language. */
export function MethodologyPage() {
  usePageTitle(t('methodology.title'));
  return (
    <article className="prose">
      <h1>{t('methodology.title')}</h1>
      <p className="intro">{t('methodology.intro')}</p>
      <Section id="method-names" title="methodology.namesTitle">
        <p>{t('methodology.namesBody')}</p>
        <ol>
          <li>{t('methodology.names1')}</li>
          <li>{t('methodology.names2')}</li>
          <li>{t('methodology.names3')}</li>
          <li>{t('methodology.names4')}</li>
        </ol>
        <p>{t('methodology.namesRule')}</p>
      </Section>
      <Section id="method-coordinates" title="methodology.coordsTitle">
        <p>{t('methodology.coordsBody')}</p>
      </Section>
      <Section id="method-successors" title="methodology.successorsTitle">
        <p>{t('methodology.successorsBody')}</p>
      </Section>
      <Section id="method-map" title="methodology.mapTitle">
        <p>{t('methodology.mapBody')}</p>
      </Section>
      <Section id="method-profile" title="methodology.profileTitle">
        <p>{t('methodology.profileBody')}</p>
      </Section>
      <Section id="method-sources" title="methodology.sourcesTitle">
        <p>
          {tParts('methodology.sourcesBody', {
            link: (
              <Link key="link" href="/data">
                {t('methodology.sourcesLink')}
              </Link>
            ),
          })}
        </p>
      </Section>
    </article>
  );
}
