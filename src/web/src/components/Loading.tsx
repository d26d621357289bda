/** The notice shown while data loads, announced politely as a status. */
export function Loading({ message, className }: { message: string; className?: string }) {
  return (
    <p className={className ? `notice ${className}` : 'notice'} role="status">
      {message}
    </p>
  );
}
