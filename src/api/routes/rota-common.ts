// What the rota route plugins share: the path parameters and their schemas.
import { ref } from '../schemas.ts';

export type RotaP = { id: string };
export type AssignmentP = { id: string; assignmentId: number };
export const rotaParams = ref('rotas', 'RotaParams');
export const assignmentParams = ref('rotas', 'AssignmentParams');
