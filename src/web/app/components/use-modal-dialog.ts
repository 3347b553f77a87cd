// A native <dialog> opened as a modal when it is drawn. Closing goes through the dialog itself (Escape
// does too), so the browser gives focus back to whatever opened it before the dialog leaves the page.
import { useEffect, useRef } from 'preact/hooks';

/** onClose hears the message given to finish (undefined for Escape or a plain finish()). */
export function useModalDialog(onClose: (message?: string) => void) {
  const ref = useRef<HTMLDialogElement>(null);
  const message = useRef<string>();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const finish = (text?: string) => {
    message.current = text;
    if (ref.current?.open) ref.current.close();
    else onClose(text);
  };
  return { ref, finish, onDialogClose: () => onClose(message.current) };
}
