import { Link } from 'wouter'
import { usePageTitle } from '../../lib/use-page-title'

/** Any address the app does not know. */
export function NotFoundPage() {
  usePageTitle('Page not found')
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <h1 id="not-found-title" className="page-title">
        Page not found
      </h1>
      <p className="page-description">
        There is nothing at this address. It may have moved, or the link is wrong.
      </p>
      <Link href="/" className="btn btn-primary">
        Back to Inkwell
      </Link>
    </section>
  )
}
