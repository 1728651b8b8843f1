export { CursorTable, type CursorTableProps } from './CursorTable';
export { useCursorList, type CursorList, type UseCursorListOptions } from './useCursorList';
